/** Saved answers the page cannot show because they no longer fit the questions (listed, never dropped silently). */
export function UnreadableNotice({ unreadable }: { unreadable: { key: string; label: string }[] }) {
  if (unreadable.length === 0) return null;
  return (
    <div className="notice" data-testid="unreadable-answers">
      <p>Some saved answers could not be shown because they no longer fit the questions. Answer these again, or contact the research team:</p>
      <ul>
        {unreadable.map((u) => (
          <li key={u.key}>{u.label}</li>
        ))}
      </ul>
    </div>
  );
}
