/** An action's outcome, announced: success politely, failure as an alert. */
export function ActionMessage({
  outcome,
  testId,
}: {
  outcome: { ok: boolean; message: string } | null;
  testId: string;
}) {
  if (!outcome) return <span role="status" data-testid={`${testId}-status`} />;
  return (
    <span
      role={outcome.ok ? "status" : "alert"}
      data-testid={outcome.ok ? `${testId}-status` : `${testId}-error`}
      style={{ color: outcome.ok ? "#15803d" : "#b91c1c", fontSize: 14 }}
    >
      {outcome.message}
    </span>
  );
}
