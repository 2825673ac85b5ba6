import { faultText, type WorkbookFault } from "@/lib/data/workbook-health";
import { currentMessages } from "../_lib/locale";

/** The workbook cannot be used: what happened and what to do, for admins on 数据体检 and /admin. */
export async function WorkbookFaultPanel({ fault, latestBackup }: { fault: WorkbookFault; latestBackup?: string }) {
  const text = faultText(fault, latestBackup, (await currentMessages()).t);
  return (
    <section role="alert" className="card border-red-300 bg-red-50 p-4 text-red-900" data-testid="workbook-fault" data-code={fault.code}>
      <h2 className="font-semibold">{text.title}</h2>
      <p className="mt-1 text-sm">{text.cause}</p>
      <p className="mt-1 text-sm font-medium">{text.action}</p>
    </section>
  );
}
