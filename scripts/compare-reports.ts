/**
 * Checks that two sets of scan reports differ only as docs/findings-schema.md says version 3
 * differs from version 2 ("Changes from version 2"):
 *
 *   node --import tsx scripts/compare-reports.ts <folder of v2 reports> <folder of v3 reports>
 *
 * Each folder holds `scan --json` output, one file per input, with the same file names. For each
 * pair: everything but `schemaVersion` and `findings` is byte-identical; the v2 findings upgraded
 * by src/report/upgrade-v2.ts equal the v3 findings, claim included, and render the claim v2
 * wrote (src/report/claim.ts, without the claim the file carries). Lists that v2 joined into
 * one text are compared joined again, as v2 joined them (splitting is exact unless an item holds
 * the separator: `Google Play Billing Library / Service` in AppManager's string-array), and a
 * field's `shows` text, which v2 cut to 80 characters, is compared cut. Prints one line per
 * differing report and a summary; exits 1 on any unexplained difference.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upgradeFindingV2, type FindingV2 } from '../src/report/upgrade-v2.js';
import { renderClaim } from '../src/report/claim.js';
import { comparable, type Json } from '../test/support/report-compare.js';

function main(): number {
  const [before, after] = process.argv.slice(2);
  if (before === undefined || after === undefined) {
    process.stderr.write('usage: compare-reports.ts <v2 folder> <v3 folder>\n');
    return 2;
  }
  let reports = 0;
  let findings = 0;
  let unexplained = 0;
  const codes = new Map<string, string>();
  for (const name of readdirSync(before)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const oldText = readFileSync(join(before, name), 'utf8');
    const newText = readFileSync(join(after, name), 'utf8');
    if (oldText.trim() === '' && newText.trim() === '') continue;
    const old = JSON.parse(oldText) as { [key: string]: Json } & { findings: FindingV2[] };
    const current = JSON.parse(newText) as { [key: string]: Json } & { findings: Array<{ [key: string]: Json }> };
    reports++;
    const problems: string[] = [];
    if (old.schemaVersion !== 2 || current.schemaVersion !== 3) problems.push('schemaVersion is not 2 → 3');
    for (const key of new Set([...Object.keys(old), ...Object.keys(current)])) {
      if (key === 'schemaVersion' || key === 'findings') continue;
      if (JSON.stringify(old[key]) !== JSON.stringify(current[key])) problems.push(`${key} differs`);
    }
    if (old.findings.length !== current.findings.length)
      problems.push(`${old.findings.length} findings → ${current.findings.length}`);
    old.findings.forEach((finding, index) => {
      findings++;
      const upgraded = upgradeFindingV2(finding);
      const now = current.findings[index];
      codes.set(finding.code === upgraded.code ? finding.code : `${finding.code} → ${upgraded.code}`, upgraded.code);
      if (now === undefined) return;
      const expected = comparable(JSON.parse(JSON.stringify(upgraded)) as { [key: string]: Json });
      const actual = comparable(now);
      if (expected !== actual) problems.push(`finding ${index} (${finding.code}): ${describe(expected, actual)}`);
      // The upgraded arguments render the claim v2 wrote (what the library migration and `diff old.json` show).
      const { claim, ...withoutClaim } = upgraded;
      const rendered = renderClaim(withoutClaim);
      if (rendered !== claim) problems.push(`finding ${index} (${finding.code}) renders ${describe(claim, rendered)}`);
    });
    if (problems.length > 0) {
      unexplained += problems.length;
      process.stdout.write(
        `${name}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5})` : ''}\n`,
      );
    }
  }
  process.stdout.write(
    `${reports} reports, ${findings} findings compared; ${unexplained} differences not explained by the v2 → v3 changes\n`,
  );
  process.stdout.write(
    `codes seen (${codes.size}):\n${[...codes.keys()]
      .sort()
      .map((code) => `  ${code}`)
      .join('\n')}\n`,
  );
  return unexplained === 0 ? 0 : 1;
}

/** Where two JSON texts first differ, with a little context. */
function describe(expected: string, actual: string): string {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  const from = Math.max(0, at - 60);
  return `expected …${expected.slice(from, at + 80)}… got …${actual.slice(from, at + 80)}…`;
}

process.exitCode = main();
