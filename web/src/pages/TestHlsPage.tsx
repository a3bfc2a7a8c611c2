import { useState } from "react";
import { useAsync } from "../hooks/useAsync";
import * as api from "../services/api";
import HlsPlayer from "../components/HlsPlayer";

// Admin debug view: play any camera's master or media playlist and watch player state.
export default function TestHlsPage() {
  const cameras = useAsync(api.listCameras, []);
  const [cameraId, setCameraId] = useState("");
  const [kind, setKind] = useState("master");
  const [log, setLog] = useState<string[]>([]);
  const src = cameraId ? (kind === "master" ? api.streamUrl(cameraId) : api.mediaPlaylistUrl(cameraId)) : null;
  return (
    <div className="page">
      <div className="page-header"><h1>Test HLS</h1></div>
      <div className="row">
        <label className="inline-field"><span>Camera</span>
          <select value={cameraId} onChange={(e) => { setLog([]); setCameraId(e.target.value); }}>
            <option value="">Choose…</option>
            {(cameras.data ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name} ({c.status})</option>)}
          </select>
        </label>
        <label className="inline-field"><span>Playlist</span>
          <select value={kind} onChange={(e) => setKind(e.target.value)}><option value="master">master.m3u8</option><option value="media">stream.m3u8</option></select>
        </label>
      </div>
      {src && <code className="small test-hls-src">{src}</code>}
      {src && <div style={{ maxWidth: 960 }}><HlsPlayer key={src} src={src} controls onStatus={(s) => setLog((l) => [`${new Date().toLocaleTimeString()} ${s.phase} ${s.status ?? ""} ${s.message}`, ...l].slice(0, 50))} /></div>}
      <pre className="code panel small" aria-label="Player log">{log.join("\n") || "No events yet."}</pre>
    </div>
  );
}
