// The published lessons in course order, for navigation, the home page and prev/next links.
import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'>;

export async function publishedLessons(): Promise<Lesson[]> {
  const all = await getCollection('lessons', ({ data }) => import.meta.env.DEV || !data.draft);
  return all.sort((a, b) => a.data.order - b.data.order);
}

export const lessonHref = (lesson: Lesson) => `/lessons/${lesson.id}/`;
