// Lookups every admin view shares: camera names by id, MCP tool and key names.

import { useAsync } from "../../hooks/useAsync";
import { compareNames } from "../../util/format";
import { getCameraNames, getToolNames } from "../../services/adminApi";
import * as api from "../../services/api";

export interface CameraNames {
  /** The camera's name, or its id when the org no longer has it (or names failed to load). */
  name: (id: string) => string;
  /** `[id, name]`, by name. */
  options: [string, string][];
  loading: boolean;
}

export function useCameraNames(): CameraNames {
  const names = useAsync(getCameraNames, []);
  const map = names.data ?? new Map<string, string>();
  return {
    name: (id) => map.get(id) ?? id,
    options: [...map.entries()].sort((a, b) => compareNames(a[1], b[1])),
    loading: names.loading,
  };
}

export function useToolNames() {
  return useAsync(getToolNames, []);
}

export function useKeyNames() {
  return useAsync(async () => [...new Set((await api.listMcpKeys()).map((k) => k.name))].sort(compareNames), []);
}
