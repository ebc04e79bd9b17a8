// GitLab's merge-request widget reads a Terraform-style plan summary: {"create":N,"update":N,"delete":N}.
import type { Report } from './model.ts';

export interface GitlabPlanSummary {
  create: number;
  update: number;
  delete: number;
}

export function gitlabSummary(reports: Report[]): GitlabPlanSummary {
  const total: GitlabPlanSummary = { create: 0, update: 0, delete: 0 };
  for (const report of reports) {
    total.create += report.summary.create;
    total.update += report.summary.update;
    total.delete += report.summary.delete;
  }
  return total;
}
