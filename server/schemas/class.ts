// Classroom mode's schemas, built from the live limits: what arrives is validated here; the shapes are in
// src/contract/class.ts, and each schema `satisfies` its payload type there.
import { z } from 'zod';
import type {
  ClassAnswerPayload,
  ClassCreatePayload,
  ClassCutPayload,
  ClassJoinPayload,
  ClassLabPayload,
  ClassPollPayload,
  ClassPredictPayload,
  ClassProgressPayload,
  ClassResumePayload,
  ClassRevealPayload,
  ClassSuggestPayload,
  ClassWherePayload,
  TeacherAuth,
} from '../../src/contract/index.ts';
import { CLASS_CODE_PATTERN, normalizeCode } from '../../src/lib/class/code.ts';
import { MAX_PREDICT_NAMES } from '../../src/contract/class.ts';
import type { Limits } from '../config.ts';
import { ClientNameSchema, EmptySchema, LabKindSchema } from './common.ts';

/** Most ids a student reports for one lesson (a lesson has a handful of checks and exercises). */
const MAX_IDS_PER_LESSON = 50;
/** Most choices a self-check has. */
const MAX_CHOICES = 10;

/** A join code as typed: any case, spaces or dashes allowed; checked against the alphabet after normalising. */
export const ClassCodeSchema = z
  .string()
  .max(20, 'a class code has 7 characters')
  .transform(normalizeCode)
  .pipe(z.string().regex(CLASS_CODE_PATTERN, 'a class code is 7 letters and digits, as shown on the projector'));

/** 128 random bits, base64url: what class:create returned once. */
const SecretSchema = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, `that is not a ${what}`);
const MemberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,16}$/, 'that is not a student id');
const PollIdSchema = z.string().regex(/^p[0-9]{1,6}$/, 'that is not a question id');

/** A display name as everywhere (ClientNameSchema), and it must show at least one letter or digit. */
export const StudentNameSchema = ClientNameSchema.refine(
  (n) => /[\p{L}\p{N}]/u.test(n),
  'a name needs a letter or digit',
);

const ClassNameSchema = z
  .string()
  .trim()
  .max(60, 'a class name has at most 60 characters')
  .regex(/^[^\p{C}]*$/u, 'a class name cannot contain control characters');

/** Lesson slugs and check/exercise ids, as the course uses them. */
const SlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a lesson or check id is a lowercase slug');
const PollTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(/^[^\p{Cc}]+$/u, 'text without control characters');

/** Where a suggestion may send students: a lesson or a course page on this site, optionally a section. */
const SuggestHrefSchema = z
  .string()
  .regex(
    /^\/(?:lessons\/[a-z0-9-]{1,80}\/|class\/how-it-works\/)(?:#[a-z0-9-]{1,80})?$/,
    'a lesson path such as /lessons/x/#y',
  );

const teacher = { code: ClassCodeSchema, teacherKey: SecretSchema('teacher key') };

/** A widget's element id on the page ("rooms-lab"). */
const WidgetIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a widget id is a lowercase slug');
/** A widget's virtual client ("Ana"): short plain text, shown to students and on the dashboard. */
const PredictNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(24)
  .regex(/^[^\p{C}]+$/u, 'a client name without control characters');

export const classSchemas = (limits: Pick<Limits, 'classMaxCutSeconds'>) => ({
  create: z.object({ name: ClassNameSchema.optional() }).strict() satisfies z.ZodType<ClassCreatePayload>,
  teach: z.object(teacher).strict() satisfies z.ZodType<TeacherAuth>,
  join: z.object({ code: ClassCodeSchema, name: StudentNameSchema }).strict() satisfies z.ZodType<ClassJoinPayload>,
  resume: z
    .object({ code: ClassCodeSchema, memberToken: SecretSchema('member token') })
    .strict() satisfies z.ZodType<ClassResumePayload>,
  leave: EmptySchema,
  lab: z
    .object({
      code: ClassCodeSchema,
      memberToken: SecretSchema('member token'),
      widgetId: WidgetIdSchema,
      kind: LabKindSchema,
    })
    .strict() satisfies z.ZodType<ClassLabPayload>,
  where: z.object({ lesson: SlugSchema.nullable() }).strict() satisfies z.ZodType<ClassWherePayload>,
  progress: z
    .object({
      lesson: SlugSchema,
      checks: z.array(SlugSchema).max(MAX_IDS_PER_LESSON),
      tries: z.array(SlugSchema).max(MAX_IDS_PER_LESSON),
    })
    .strict() satisfies z.ZodType<ClassProgressPayload>,
  answer: z
    .object({
      pollId: PollIdSchema,
      // A check's choice index, or a widget prediction's bit mask over its names (the store checks the range).
      choice: z
        .number()
        .int()
        .min(0)
        .max(Math.max(MAX_CHOICES - 1, (1 << MAX_PREDICT_NAMES) - 1)),
    })
    .strict() satisfies z.ZodType<ClassAnswerPayload>,
  poll: z
    .object({
      ...teacher,
      checkId: SlugSchema,
      choices: z.number().int().min(2).max(MAX_CHOICES),
      lesson: SlugSchema.optional(),
      question: PollTextSchema,
      labels: z.array(PollTextSchema).max(MAX_CHOICES),
      correct: z
        .number()
        .int()
        .min(0)
        .max(MAX_CHOICES - 1),
    })
    .strict()
    .refine(
      (p) => p.labels.length === p.choices && p.correct < p.choices,
      'one label per choice, and a correct one among them',
    ) satisfies z.ZodType<ClassPollPayload>,
  predict: z
    .object({
      ...teacher,
      widgetId: WidgetIdSchema,
      lesson: SlugSchema.optional(),
      question: PollTextSchema,
      names: z.array(PredictNameSchema).min(1).max(MAX_PREDICT_NAMES),
      received: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(MAX_PREDICT_NAMES - 1),
        )
        .max(MAX_PREDICT_NAMES),
    })
    .strict()
    .refine(
      (p) => new Set(p.names).size === p.names.length && p.received.every((i) => i < p.names.length),
      'distinct names, and who received given as indices into them',
    )
    .refine(
      (p) => new Set(p.received).size === p.received.length,
      'each receiver once',
    ) satisfies z.ZodType<ClassPredictPayload>,
  reveal: z.object({ ...teacher, pollId: PollIdSchema }).strict() satisfies z.ZodType<ClassRevealPayload>,
  cut: z
    .object({
      ...teacher,
      memberId: MemberIdSchema,
      seconds: z
        .number()
        .int()
        .min(1)
        .max(limits.classMaxCutSeconds, `a cut lasts at most ${limits.classMaxCutSeconds} s`),
    })
    .strict() satisfies z.ZodType<ClassCutPayload>,
  suggest: z
    .object({
      ...teacher,
      href: SuggestHrefSchema,
      title: z
        .string()
        .trim()
        .min(1)
        .max(120)
        .regex(/^[^\p{C}]+$/u),
    })
    .strict() satisfies z.ZodType<ClassSuggestPayload>,
  end: z.object(teacher).strict() satisfies z.ZodType<TeacherAuth>,
});
