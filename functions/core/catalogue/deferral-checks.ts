/**
 * Load-time checks of 容缺受理 (`MaterialRule.deferrable`) and 告知承诺制 (`ServiceItem.pledge`): promises the
 * guide makes to applicants that the case code must be able to keep.
 */
import type { ServiceItem } from './types.js';

type Problem = { path: string; message: string };

/**
 * A deferrable material is never the application form (the case is about it) and never one the pledge
 * replaces (one or the other, not both); its deadline lies within the promised limit, so a case whose
 * material arrives on the last allowed day can still be decided on time. A pledge replaces materials of
 * the item, never its form, each once.
 */
export function checkDeferralsAndPledge(item: ServiceItem): Problem[] {
  const problems: Problem[] = [];
  const replaced = new Set(item.pledge?.replaces ?? []);
  item.materials.forEach((rule, index) => {
    if (!rule.deferrable) return;
    const at = `/materials/${index}/deferrable`;
    if (rule.form) {
      problems.push({ path: at, message: 'the application form cannot be supplied later (容缺)' });
    }
    if (replaced.has(rule.code)) {
      problems.push({
        path: at,
        message: `${rule.code} is replaced by the pledge: it cannot also be deferred`,
      });
    }
    if (rule.deferrable.withinWorkingDays > item.timeLimitWorkingDays) {
      problems.push({
        path: `${at}/withinWorkingDays`,
        message: `${rule.deferrable.withinWorkingDays} working days exceed the promised limit (${item.timeLimitWorkingDays})`,
      });
    }
  });
  if (!item.pledge) return problems;
  item.pledge.replaces.forEach((code, index) => {
    const at = `/pledge/replaces/${index}`;
    const rule = item.materials.find((m) => m.code === code);
    if (!rule) problems.push({ path: at, message: `material ${code} is not in the checklist` });
    else if (rule.form) problems.push({ path: at, message: 'a pledge cannot replace the application form' });
    if (item.pledge?.replaces.indexOf(code) !== index) {
      problems.push({ path: at, message: `duplicate material ${code}` });
    }
  });
  return problems;
}
