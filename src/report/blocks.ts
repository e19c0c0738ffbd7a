// Blocks a report is made of; each returns HTML in the kit's look (style.ts).
import { escapeHtml, formatScore } from "./escape.js";

/** The grade of a score against two thresholds: "good", "warn", "bad" (or "" for no score). */
export function grade(x: number, good = 0.85, warn = 0.7): string {
  return Number.isNaN(x) ? "" : x >= good ? "good" : x >= warn ? "warn" : "bad";
}

export interface ScoreCard {
  title: string;
  value: number;
  /** The same score for a baseline, marked on the meter with a tick. */
  baseline?: number | undefined;
  /** The note under the value (HTML). */
  note: string;
  good?: number;
  warn?: number;
}

const unit = (x: number): string => (Math.max(0, Math.min(1, x)) * 100).toFixed(1);

/** A score in [0, 1] as a card with a meter, graded by its thresholds. */
export function scoreCard(c: ScoreCard): string {
  const tick = c.baseline === undefined || Number.isNaN(c.baseline) ? "" : `<i style="left:${unit(c.baseline)}%" title="baseline"></i>`;
  const meter = Number.isNaN(c.value) ? "" : `<div class="meter"><span style="width:${unit(c.value)}%"></span>${tick}</div>`;
  const base = c.baseline === undefined ? "" : ` · baseline ${formatScore(c.baseline)}`;
  return `<div class="card ${grade(c.value, c.good, c.warn)}"><h3>${escapeHtml(c.title)}</h3><div class="value">${formatScore(c.value)}</div>${meter}<div class="note">${c.note}${base}</div></div>`;
}

/** A card with any value (already formatted as text) and a grade of the caller's choosing. */
export function valueCard(title: string, value: string, note: string, gradeClass = ""): string {
  return `<div class="card ${gradeClass}"><h3>${escapeHtml(title)}</h3><div class="value">${escapeHtml(value)}</div><div class="note">${note}</div></div>`;
}

/** A legend: one coloured square per series (colour as a CSS value, such as "var(--a)"). */
export function legend(series: readonly { label: string; colour: string }[]): string {
  return `<div class="legend">${series.map((s) => `<span><b style="background:${s.colour}"></b>${escapeHtml(s.label)}</span>`).join("")}</div>`;
}

/** A chart or any content in a white panel, with a title and an optional right-hand note. */
export function panel(title: string, content: string, note = ""): string {
  return `<div class="panel"><h4>${escapeHtml(title)}<span>${escapeHtml(note)}</span></h4>${content}</div>`;
}

/** A table from a header row and rows of cells (HTML); numbers right-aligned when `numeric` says so. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const th = head.map((h) => `<th>${h}</th>`).join("");
  const tr = rows.map((r) => `<tr>${r.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ""}>${cell}</td>`).join("")}</tr>`).join("");
  return `<table><tr>${th}</tr>${tr}</table>`;
}
