#!/usr/bin/env python3
"""Drive a running Sentinel MCP server with the official MCP Python SDK.

Usage: check_server.py <mcp-url> <osc_ key>

Connects over streamable HTTP, initializes, lists the tools, calls list_cameras and then
view_camera on the first camera, and prints one JSON object describing what came back
(the Rust integration test asserts on it). Exits non-zero if the SDK raises.
"""

import asyncio
import base64
import json
import sys

import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client


def content_summary(item):
    """A content item as plain data, images reduced to their size and magic bytes."""
    wire = item.model_dump(by_alias=True, mode="json", exclude_none=True)
    if wire.get("type") == "image":
        data = base64.b64decode(wire["data"])
        return {
            "type": "image",
            "mimeType": wire.get("mimeType"),
            "bytes": len(data),
            "jpeg_soi": data[:2] == b"\xff\xd8",
            "jpeg_eoi": data[-2:] == b"\xff\xd9",
        }
    return wire


def result_summary(result):
    wire = result.model_dump(by_alias=True, mode="json", exclude_none=True)
    return {
        "isError": bool(wire.get("isError", False)),
        "structuredContent": wire.get("structuredContent"),
        "content": [content_summary(item) for item in result.content],
    }


async def check(url, key):
    report = {}
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
        async with streamable_http_client(url, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                initialized = await session.initialize()
                init = initialized.model_dump(by_alias=True, mode="json", exclude_none=True)
                report["server_name"] = init["serverInfo"]["name"]
                report["protocol_version"] = init["protocolVersion"]
                report["has_tools_capability"] = "tools" in init.get("capabilities", {})
                tools = await session.list_tools()
                report["tools"] = sorted(tool.name for tool in tools.tools)
                cameras = await session.call_tool("list_cameras", {})
                report["list_cameras"] = result_summary(cameras)
                listed = (cameras.model_dump(by_alias=True, mode="json").get("structuredContent") or {})
                camera_ids = [camera["camera_id"] for camera in listed.get("result", [])]
                report["camera_ids"] = camera_ids
                if camera_ids:
                    view = await session.call_tool("view_camera", {"camera_id": camera_ids[0]})
                    report["view_camera"] = result_summary(view)
                missing = await session.call_tool("get_camera", {"camera_id": "no-such-camera"})
                report["get_missing_camera"] = result_summary(missing)
    return report


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    report = asyncio.run(check(sys.argv[1], sys.argv[2]))
    print(json.dumps(report, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
