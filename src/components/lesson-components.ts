// The lesson anatomy every lesson may use without importing; widgets are imported by the lessons themselves.
// One list for the lesson route and the whole-course print page.
import Term from './Term.astro';
import Check from './Check.astro';
import Try from './Try.astro';
import Misconception from './Misconception.astro';
import Simplification from './Simplification.astro';
import TeacherNotes from './TeacherNotes.astro';

export const lessonComponents = { Term, Check, Try, Misconception, Simplification, TeacherNotes };
