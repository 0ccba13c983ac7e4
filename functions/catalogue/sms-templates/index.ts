/**
 * The applicant's progress SMS texts (办件提醒) as raw data. Nothing here is trusted: the composition root
 * passes it to `loadProgressTemplates`, which validates it and stops start-up on a bad file.
 */
import progress from './progress.json' with { type: 'json' };

/** The progress-SMS template file with its name, so a validation error can name the file to fix. */
export const progressTemplateFile: { file: string; content: unknown } = {
  file: 'sms-templates/progress.json',
  content: progress,
};
