//! Fuzz targets over every parser that takes bytes from outside: pushed playlists, segment
//! file names, session-JWT claims, webhook signatures and payloads, MCP JSON-RPC bodies.
//!
//! Each target is a plain `fn(&[u8])` that panics when a property breaks, so it runs under
//! any engine: the stable driver in [`driver`] (CI, `cargo run -p sentinel-fuzz`), or a
//! coverage-guided one by hand. Beyond "no panic", every target checks a property of the
//! parser's answer, so a wrong answer is a finding too.

pub mod driver;
mod targets;

pub use targets::{jwt_claims, mcp_message, playlist, segment_name, webhook};

/// One fuzz target: its name, its function and the seeds mutation starts from.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    pub seeds: &'static [&'static [u8]],
    /// Tokens the mutator splices in (the format's keywords).
    pub dictionary: &'static [&'static [u8]],
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "playlist",
        run: playlist,
        seeds: &[
            b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:41\n#EXTINF:2.000,\nsegment_00041.ts\n#EXTINF:2.000,\n/data/cam/segment_00042.ts?x=1\n",
            b"#EXTM3U\n#EXT-X-CODECS:avc1.64001f\r\n#EXTINF:1,\r\nC:\\rec\\segment_1.ts#frag\r\n",
            b"",
        ],
        dictionary: &[
            b"#EXTM3U",
            b"#EXT-X-CODECS:",
            b"#EXTINF:",
            b"segment_",
            b".ts",
            b"\n",
            b"\r\n",
            b"?",
            b"#",
            b"/",
            b"\\",
            b"\xff",
            b"\xe2\x82",
        ],
    },
    Target {
        name: "segment_name",
        run: segment_name,
        seeds: &[b"segment_00042.ts", b"segment_18446744073709551615.ts", b"segment_.ts"],
        dictionary: &[b"segment_", b".ts", b"0", b"9", b"../", b"\n", b"\xd9\xa3"],
    },
    Target {
        name: "jwt_claims",
        run: jwt_claims,
        seeds: &[
            br#"{"sub":"user_1","org_id":"org_1","org_role":"org:admin","org_permissions":["org:cameras:manage"]}"#,
            br#"{"sub":"user_1","v":2,"o":{"id":"org_1","rol":"admin","per":"manage,view","fpm":"3,1"},"fea":"o:cameras,o:admin,u:x","pla":"o:pro"}"#,
            b"\x00admin\x00manage,view\x003,1\x00o:cameras,o:admin\x00o:pro_plus",
        ],
        dictionary: &[
            b"\"sub\"",
            b"\"o\"",
            b"\"fea\"",
            b"\"pla\"",
            b"\"per\"",
            b"\"fpm\"",
            b",",
            b":",
            b"o:",
            b"u:",
            b"\x00",
            b"18446744073709551616",
            b"-1",
        ],
    },
    Target {
        name: "webhook",
        run: webhook,
        seeds: &[
            br#"{"type":"email.bounced","data":{"email_id":"e1","to":["a@b.c"]}}"#,
            br#"{"type":"subscription.updated","data":{"payer":{"organization_id":"org_1"},"items":[{"status":"active","plan":{"slug":"pro"}}]}}"#,
            b"msg_1\x001700000000\x00v1,AAAA v2,BBB\x00{}",
        ],
        dictionary: &[b"v1,", b" ", b"\x00", b"whsec_", b"=", b"\"type\"", b"\"data\""],
    },
    Target {
        name: "mcp_message",
        run: mcp_message,
        seeds: &[
            br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_cameras","arguments":{}}}"#,
            br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            br#"{"jsonrpc":"2.0","id":"a","result":{}}"#,
            br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
        ],
        dictionary: &[
            b"\"jsonrpc\"",
            b"\"2.0\"",
            b"\"id\"",
            b"\"method\"",
            b"\"params\"",
            b"null",
            b"1e400",
            b"-9223372036854775809",
            b"[",
            b"{",
        ],
    },
];

pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|target| target.name == name)
}
