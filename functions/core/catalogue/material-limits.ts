/** Catalogue-load checks of one material rule's limits: each limit fits the media types the rule accepts. */
import type { MaterialRule } from './types.js';

/** Problems at pointers relative to the rule. */
export const checkMaterialLimits = (rule: MaterialRule): Array<{ path: string; message: string }> => {
  const problems: Array<{ path: string; message: string }> = [];
  const acceptsPdf = rule.mediaTypes.includes('application/pdf');
  const acceptsImages = rule.mediaTypes.some((t) => t.startsWith('image/'));
  if (rule.maxPages !== undefined && !acceptsPdf) {
    problems.push({ path: '/maxPages', message: 'maxPages needs application/pdf among mediaTypes' });
  }
  for (const key of ['minImageShortSide', 'minImageLongSide'] as const) {
    if (rule[key] !== undefined && !acceptsImages) {
      problems.push({ path: `/${key}`, message: `${key} needs an image type among mediaTypes` });
    }
  }
  if ((rule.minImageShortSide ?? 0) > (rule.minImageLongSide ?? Number.POSITIVE_INFINITY)) {
    problems.push({ path: '/minImageShortSide', message: 'minImageShortSide exceeds minImageLongSide' });
  }
  rule.mediaTypes.forEach((type, index) => {
    if (rule.mediaTypes.indexOf(type) !== index) {
      problems.push({ path: `/mediaTypes/${index}`, message: `duplicate media type ${type}` });
    }
  });
  return problems;
};
