// The components every lesson can use without importing them. Widgets are imported in the MDX file itself,
// so each lesson pulls in only its own widgets.
import Term from './Term.astro';
import Check from './Check.astro';
import Try from './Try.astro';
import Misconception from './Misconception.astro';
import Simplification from './Simplification.astro';

export const lessonComponents = { Term, Check, Try, Misconception, Simplification };
