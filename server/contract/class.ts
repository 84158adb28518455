// Classroom mode's schemas: what arrives is validated here; the shapes are in src/contract/class.ts, and each
// schema `satisfies` its payload type there.
import { z } from 'zod';
import { CLASS_CODE_PATTERN, normalizeCode } from '../../src/lib/class/code.ts';
import type {
  ClassAnswerPayload,
  ClassCreatePayload,
  ClassCutPayload,
  ClassJoinPayload,
  ClassPollPayload,
  ClassProgressPayload,
  ClassResumePayload,
  ClassRevealPayload,
  ClassSuggestPayload,
  ClassWherePayload,
  TeacherAuth as TeacherAuthPayload,
} from '../../src/contract/class.ts';
import { ClientNameSchema } from './common.ts';

/** A join code as typed: any case, spaces or dashes allowed; checked against the alphabet after normalising. */
export const ClassCodeSchema = z
  .string()
  .max(20, 'a class code has 7 characters')
  .transform(normalizeCode)
  .pipe(z.string().regex(CLASS_CODE_PATTERN, 'a class code is 7 letters and digits, as shown on the projector'));

/** 128 random bits, base64url: what class:create returned once. */
export const TeacherKeySchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'that is not a teacher key');
export const MemberTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'that is not a member token');
export const MemberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,16}$/, 'that is not a student id');

/** A display name as everywhere (ClientNameSchema), and it must show at least one letter or digit. */
export const StudentNameSchema = ClientNameSchema.refine(
  (n) => /[\p{L}\p{N}]/u.test(n),
  'a name needs a letter or digit',
);

export const ClassNameSchema = z
  .string()
  .trim()
  .max(60, 'a class name has at most 60 characters')
  .regex(/^[^\p{C}]*$/u, 'a class name cannot contain control characters');

/** Lesson slugs and check/exercise ids, as the course uses them. */
const SlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a lesson or check id is a lowercase slug');

/** Where a suggestion may send students: a lesson or a course page on this site, optionally a section. */
export const SuggestHrefSchema = z
  .string()
  .regex(
    /^\/(?:lessons\/[a-z0-9-]{1,80}\/|class\/how-it-works\/)(?:#[a-z0-9-]{1,80})?$/,
    'a lesson path such as /lessons/x/#y',
  );

const TeacherAuth = { code: ClassCodeSchema, teacherKey: TeacherKeySchema };

export const ClassCreateSchema = z
  .object({ name: ClassNameSchema.optional() })
  .strict() satisfies z.ZodType<ClassCreatePayload>;
export const ClassTeachSchema = z.object(TeacherAuth).strict() satisfies z.ZodType<TeacherAuthPayload>;
export const ClassJoinSchema = z
  .object({ code: ClassCodeSchema, name: StudentNameSchema })
  .strict() satisfies z.ZodType<ClassJoinPayload>;
export const ClassResumeSchema = z
  .object({ code: ClassCodeSchema, memberToken: MemberTokenSchema })
  .strict() satisfies z.ZodType<ClassResumePayload>;
export const ClassLeaveSchema = z.object({}).strict();
export const ClassWhereSchema = z
  .object({ lesson: SlugSchema.nullable() })
  .strict() satisfies z.ZodType<ClassWherePayload>;
export const ClassProgressSchema = z
  .object({ lesson: SlugSchema, checks: z.array(SlugSchema).max(50), tries: z.array(SlugSchema).max(50) })
  .strict() satisfies z.ZodType<ClassProgressPayload>;
export const ClassAnswerSchema = z
  .object({ pollId: z.string().regex(/^p[0-9]{1,6}$/), choice: z.number().int().min(0).max(9) })
  .strict() satisfies z.ZodType<ClassAnswerPayload>;
const PollTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[^\p{Cc}]+$/u, 'text without control characters');
export const ClassPollSchema = z
  .object({
    ...TeacherAuth,
    checkId: SlugSchema,
    choices: z.number().int().min(2).max(10),
    lesson: SlugSchema.optional(),
    /** The check's wording from the teacher's page, for the dashboard's chart (teachers only; shown as text). */
    question: PollTextSchema,
    labels: z.array(PollTextSchema).max(10),
    correct: z.number().int().min(0).max(9),
  })
  .strict()
  .refine(
    (p) => p.labels.length === p.choices && p.correct < p.choices,
    'one label per choice, and a correct one among them',
  ) satisfies z.ZodType<ClassPollPayload>;
export const ClassRevealSchema = z
  .object({ ...TeacherAuth, pollId: z.string().regex(/^p[0-9]{1,6}$/) })
  .strict() satisfies z.ZodType<ClassRevealPayload>;
export const ClassCutSchema = z
  .object({ ...TeacherAuth, memberId: MemberIdSchema, seconds: z.number().int().min(1).max(3600) })
  .strict() satisfies z.ZodType<ClassCutPayload>;
export const ClassSuggestSchema = z
  .object({
    ...TeacherAuth,
    href: SuggestHrefSchema,
    title: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^\p{C}]+$/u),
  })
  .strict() satisfies z.ZodType<ClassSuggestPayload>;
export const ClassEndSchema = z.object(TeacherAuth).strict() satisfies z.ZodType<TeacherAuthPayload>;

export type * from '../../src/contract/class.ts';
