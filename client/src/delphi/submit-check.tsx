/**
 * How far the panellist has got ("You have rated 5 of 78 items"), and the check shown before a round
 * is submitted with items still unrated. Submitting cannot be undone, so a panellist who pressed
 * "Submit my ratings" part-way through is told how many items are left and can go straight to them,
 * or submit anyway: leaving an item unrated is allowed, just never by accident.
 */
import { useEffect, useRef } from "react";

export interface ItemProgress {
  id: string;
  name: string;
  rated: boolean;
}

export function ratedCount(items: ItemProgress[]): number {
  return items.filter((i) => i.rated).length;
}

export function Progress({ items, id }: { items: ItemProgress[]; id?: string }) {
  return (
    <p className="panel-progress" id={id}>
      You have rated {ratedCount(items)} of {items.length} {items.length === 1 ? "item" : "items"}
    </p>
  );
}

/** Moves focus to the item's first rating choice, so it can be rated at once from the keyboard. */
export function goToItem(id: string) {
  const item = document.getElementById(`item-${id}`);
  item?.scrollIntoView({ block: "start" });
  item?.querySelector<HTMLInputElement>("input[type=radio]")?.focus({ preventScroll: true });
}

const plural = (n: number) => `${n} ${n === 1 ? "item" : "items"}`;

export function SubmitCheck({ items, onSubmitAnyway, onGoBack }: { items: ItemProgress[]; onSubmitAnyway: () => void; onGoBack: (firstUnrated: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const unrated = items.filter((i) => !i.rated);
  const first = unrated[0];
  return (
    <div className="panel-check" ref={box} tabIndex={-1} role="region" aria-labelledby="submit-check-heading">
      <h2 id="submit-check-heading">You have not rated {plural(unrated.length)}</h2>
      <p>
        You have rated {ratedCount(items)} of {plural(items.length)}. Once you submit, you cannot change your ratings for this round, and the items you have
        not rated count as not rated.
      </p>
      <p>
        <a
          href={`#item-${first.id}`}
          onClick={(e) => {
            e.preventDefault();
            onGoBack(first.id);
          }}
        >
          Go to the first unrated item: {first.name}
        </a>
      </p>
      {unrated.length > 1 && (
        <details>
          <summary>See all {plural(unrated.length)} not rated</summary>
          <ul>
            {unrated.map((i) => (
              <li key={i.id}>
                <a
                  href={`#item-${i.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onGoBack(i.id);
                  }}
                >
                  {i.name}
                </a>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="panel-check-actions">
        <button type="button" onClick={() => onGoBack(first.id)}>
          Go back and rate them
        </button>
        <button type="button" className="button-secondary" onClick={onSubmitAnyway}>
          Submit anyway
        </button>
      </div>
    </div>
  );
}
