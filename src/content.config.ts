// The lessons collection: one MDX file per lesson in content/lessons/, its frontmatter checked at build time.
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { glob } from 'astro/loaders';
import { PART_IDS } from './data/parts.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: z.object({
    title: z.string().min(3),
    /** One or two sentences: shown on the home page and in search results. */
    summary: z.string().min(10).max(300),
    /** Position in the course; lessons are listed by it. */
    order: z.number().int().nonnegative(),
    part: z.enum(PART_IDS),
    /** What the learner can do after the lesson, each starting with a verb. */
    objectives: z.array(z.string().min(5)).min(1),
    /** Estimated minutes, widgets and exercises included. */
    minutes: z.number().int().positive().max(180),
    /** Slugs of lessons to read first. */
    prerequisites: z.array(z.string()).default([]),
    /** Drafts are built in dev only. */
    draft: z.boolean().default(false),
  }),
});

export const collections = { lessons };
