// ORCHD-033, MET-023: turns what was found about a model into its verdict. A
// digest or size mismatch, an unreadable file and a malformed signature always
// fail; a missing signature or SBOM (or an SBOM that is not a document of its
// declared format) is a warning under the permissive trust policy and a failure
// under the strict one. Under strict, at least one signature must verify with a
// trusted key and no ed25519 signature may fail to verify; under permissive an
// unverifiable signature is a warning (signature-check.ts says what each proves).
import type { CatalogModel, VerificationResult } from '@llama-orch/contracts';
import type { SignatureOutcome } from './signature-check.js';

export type VerificationReason =
  'ok' | 'missing_signature' | 'missing_sbom' | 'bad_signature' | 'digest_mismatch' | 'source_unreachable';

/** One model file as checked: what the entry expects and what the disk holds. */
export interface FileCheck {
  /** Where the expectation came from, e.g. `manifest model.gguf` or `pool coder-14b model.path`. */
  label: string;
  path: string;
  expectedSha256: string;
  expectedSize?: number;
  actual: { sha256: string; size: number } | { error: string };
}

export interface Verdict {
  result: VerificationResult;
  /** The metric's `reason`: the first failure's, else the first warning's, else `ok`. */
  reason: VerificationReason;
}

interface Finding {
  fatal: boolean;
  reason: VerificationReason;
  message: string;
}

function sbomProblem(sbom: NonNullable<CatalogModel['sbom']>): string | undefined {
  const doc = sbom.document as Record<string, unknown>;
  if (sbom.format === 'spdx') {
    return typeof doc.spdxVersion === 'string' && doc.spdxVersion.startsWith('SPDX-')
      ? undefined
      : 'the SBOM is not an SPDX document (no spdxVersion "SPDX-x.y")';
  }
  if (sbom.format === 'cyclonedx') {
    return doc.bomFormat === 'CycloneDX' && typeof doc.specVersion === 'string'
      ? undefined
      : 'the SBOM is not a CycloneDX document (bomFormat/specVersion missing)';
  }
  return Object.keys(doc).length > 0 ? undefined : 'the SBOM document is empty';
}

function fileFindings(checks: readonly FileCheck[]): Finding[] {
  return checks.flatMap((check): Finding[] => {
    const { actual } = check;
    if ('error' in actual) {
      return [
        {
          fatal: true,
          reason: 'source_unreachable',
          message: `${check.label}: cannot read the file (${actual.error})`,
        },
      ];
    }
    if (check.expectedSize !== undefined && actual.size !== check.expectedSize) {
      const message = `${check.label}: ${actual.size} bytes on disk, expected ${check.expectedSize}; the file is incomplete or different`;
      return [{ fatal: true, reason: 'digest_mismatch', message }];
    }
    if (actual.sha256 !== check.expectedSha256) {
      const message = `${check.label}: sha256 is ${actual.sha256}, expected ${check.expectedSha256}; the file is not the registered model`;
      return [{ fatal: true, reason: 'digest_mismatch', message }];
    }
    return [];
  });
}

function signatureFindings(outcomes: readonly SignatureOutcome[], strict: boolean): Finding[] {
  if (outcomes.length === 0) return [{ fatal: strict, reason: 'missing_signature', message: 'no signature' }];
  const findings = outcomes.flatMap((outcome): Finding[] => {
    switch (outcome.kind) {
      case 'verified':
        return [];
      case 'malformed':
        return [{ fatal: true, reason: 'bad_signature', message: outcome.message }];
      case 'forged':
      case 'untrusted':
        return [{ fatal: strict, reason: 'bad_signature', message: outcome.message }];
      case 'unchecked':
        // Permissive keeps its documented form-only acceptance; strict says why it does not count.
        return strict ? [{ fatal: false, reason: 'missing_signature', message: outcome.message }] : [];
    }
  });
  if (strict && !outcomes.some((o) => o.kind === 'verified')) {
    findings.push({
      fatal: true,
      reason: 'missing_signature',
      message:
        'no signature verified by a trusted key: sign the digest with an ed25519 key listed in catalog.trusted_keys',
    });
  }
  return findings;
}

export function verdictOf(
  model: CatalogModel,
  checks: readonly FileCheck[],
  signatures: readonly SignatureOutcome[],
  checkedAtMs: number,
): Verdict {
  const strict = model.trust_policy === 'strict';
  const findings: Finding[] = [];
  if (checks.length === 0) {
    findings.push({
      fatal: true,
      reason: 'source_unreachable',
      message: `no local file to check the digest against: list the model file in manifests or set model.path on a pool serving ${model.id}`,
    });
  }
  findings.push(...fileFindings(checks));
  findings.push(...signatureFindings(signatures, strict));
  const sbom = model.sbom === null || model.sbom === undefined ? 'no SBOM' : sbomProblem(model.sbom);
  if (sbom !== undefined) findings.push({ fatal: strict, reason: 'missing_sbom', message: sbom });

  const failures = findings.filter((f) => f.fatal);
  const warnings = findings.filter((f) => !f.fatal);
  const result = failures.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass';
  return {
    result: {
      model_id: model.id,
      result,
      code: result === 'fail' ? 'UNTRUSTED_ARTIFACT' : null,
      trust_policy: model.trust_policy,
      warnings: warnings.map((f) => f.message),
      failures: failures.map((f) => f.message),
      checked_at_ms: checkedAtMs,
    },
    reason: (failures[0] ?? warnings[0])?.reason ?? 'ok',
  };
}
