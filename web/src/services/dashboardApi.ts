// Dashboard-specific wrappers over the typed client in ./api.

import { getSettings, requestSnapshot } from "./api";

export interface Snapshot {
  filename: string;
  /** Base64 JPEG when the node sent the picture back; empty when it only saved it. */
  imageB64: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * Reads the node's snapshot answer, which the server passes through verbatim
 * (`{status, data: {filename, image_b64}}`, or `{status: "error", error}`). A node-side
 * failure arrives as a 200, so it is turned into a thrown Error here for the toast.
 */
export function readSnapshot(answer: unknown): Snapshot {
  const error = field(answer, "error");
  if (field(answer, "status") === "error" || error) throw new Error(text(error) || text(field(answer, "message")) || "The node could not take the snapshot.");
  const data = field(answer, "data") ?? answer;
  return { filename: text(field(data, "filename")), imageB64: text(field(data, "image_b64")) };
}

export async function takeSnapshot(cameraId: string): Promise<Snapshot> {
  return readSnapshot(await requestSnapshot(cameraId));
}

/** The org's IANA time zone (schedules are written in it); UTC when settings cannot be read. */
export async function loadOrgTimezone(): Promise<string> {
  try {
    return (await getSettings()).timezone || "UTC";
  } catch {
    return "UTC";
  }
}
