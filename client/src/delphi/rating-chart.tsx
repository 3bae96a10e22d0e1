/**
 * The distribution of 1-9 ratings as a bar chart with the same figures in a table beside it (the
 * chart is hidden from screen readers, the table is the accessible version). One series per round
 * (researchers) or per group shown (panellist feedback).
 */
import "./rating-chart.css";
import { useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * A <details> whose content is only rendered once opened: a study has dozens of items, and a chart
 * for each one at once would keep the browser busy for seconds.
 */
export function OpenToShow({ summary, children, className }: { summary: ReactNode; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}

export interface RatingSeries {
  /** "Round 1", "Whole panel", a group's name */
  label: string;
  /** counts of ratings 1..9 */
  distribution: number[];
  /** "unable to rate" count, when known */
  unable?: number;
}

const COLOURS = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f"];

export function RatingChart({ title, series, caption }: { title: string; series: RatingSeries[]; caption: string }) {
  const withUnable = series.some((s) => s.unable !== undefined);
  const labels = [...Array.from({ length: 9 }, (_, i) => String(i + 1)), ...(withUnable ? ["Unable"] : [])];
  const data = labels.map((rating, i) => Object.fromEntries([["rating", rating], ...series.map((s, j) => [`s${j}`, i < 9 ? (s.distribution[i] ?? 0) : (s.unable ?? 0)])]));
  return (
    <div className="rating-chart">
      <div role="img" aria-label={`Bar chart: ${title}, number of panellists giving each rating; the same figures are in the table`} className="chart">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ left: 0, right: 8, top: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="rating" interval={0} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={32} />
            <Tooltip />
            {series.length > 1 && <Legend />}
            {series.map((s, j) => (
              <Bar key={s.label} dataKey={`s${j}`} name={s.label} fill={COLOURS[j % COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table className="rating-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Rating</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((rating, i) => (
              <tr key={rating}>
                <th scope="row">{rating === "Unable" ? "Unable to rate" : rating}</th>
                {series.map((s, j) => (
                  <td key={s.label}>{data[i][`s${j}`]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
