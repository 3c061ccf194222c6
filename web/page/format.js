// Numbers for a person, by unit (the same rules as the server's board-paper line).

const thousands = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

export function readable(value, unit) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (unit === "share") return `${(100 * value).toFixed(1)}%`;
  if (unit === "GBP/day") return `${value < 0 ? "−" : ""}£${thousands.format(Math.abs(value))}`;
  if (unit === "days" || unit === "hours") return `${value.toFixed(1)} ${unit}`;
  const a = Math.abs(value);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return new Intl.NumberFormat("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

// A change: "+4.2 pp", "−£12,300"; shares change in percentage points.
export function readableChange(value, unit) {
  if (value === null || !Number.isFinite(value)) return "–";
  const sign = value > 0 ? "+" : value < 0 ? "−" : "";
  if (unit === "share") return `${sign}${Math.abs(100 * value).toFixed(1)} pp`;
  return sign + readable(Math.abs(value), unit);
}

// "+4.2 pp (+3.1 to +5.3)"
export function changeWithInterval(difference, unit) {
  if (!difference || difference.mean === null) return "–";
  const { mean, ci_half_width: half } = difference;
  if (half === null || !Number.isFinite(half)) return readableChange(mean, unit);
  return `${readableChange(mean, unit)} (${readableChange(mean - half, unit)} to ${readableChange(mean + half, unit)})`;
}

export function isClearChange(difference) {
  if (!difference || difference.mean === null || difference.ci_half_width === null) return false;
  const low = difference.mean - difference.ci_half_width;
  const high = difference.mean + difference.ci_half_width;
  return low > 0 || high < 0;
}
