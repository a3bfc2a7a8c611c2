//! Request bodies of the node routes as the CloudNode and the dashboard send them, with the
//! original's limits (lengths, ranges) and its lax coercion of numbers and booleans
//! (`"5"` → 5, `"true"` → true). Unknown keys are ignored.

use crate::extract::Validate;
use crate::extract::json::FieldError;
use sentinel_application::fleet::{
    HeartbeatRequest, RegisterRequest, ReportedCamera, StatusReport, StorageReport,
};
use sentinel_domain::fleet::{CAMERA_STATUS_MAX_CHARS, LOCAL_IP_MAX_CHARS, NODE_VERSION_MAX_CHARS};
use sentinel_domain::ids::NodeId;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use utoipa::ToSchema;

/// Port of a node that sends none (the original's model default, which also overwrites a
/// custom port stored earlier).
const DEFAULT_HTTP_PORT: i32 = 8080;

// The schema's `maxLength` literals below follow the limits the socket heartbeat shares.
const _: () = assert!(LOCAL_IP_MAX_CHARS == 45);
const _: () = assert!(NODE_VERSION_MAX_CHARS == 50);
const _: () = assert!(CAMERA_STATUS_MAX_CHARS == 20);

/// `POST /api/nodes` body: `{}` or `{"name": ...}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateNodeBody {
    /// Display name; `Node-<node_id>` when empty or absent.
    #[schema(max_length = 100)]
    pub name: Option<String>,
}

impl Validate for CreateNodeBody {
    fn validate(&self) -> Result<(), FieldError> {
        max_chars(&["name"], self.name.as_deref(), 100)
    }
}

/// `POST /api/nodes/validate` body. Read as any JSON (a number or `true` for `node_id` is
/// taken as its text, as the original did), so this type documents it only.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documents the body only: the handler reads the raw JSON.
pub struct ValidateNodeBody {
    /// The node's id (8 hex characters when created by the dashboard).
    #[schema(min_length = 1)]
    pub node_id: String,
}

/// `POST /api/nodes/register` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterBody {
    /// The node's id (8 hex characters when created by the dashboard). Required.
    #[schema(value_type = String, max_length = 50)]
    pub node_id: Option<String>,
    /// Accepted and ignored (the dashboard owns the node's name).
    #[schema(max_length = 100)]
    pub name: Option<String>,
    #[schema(max_length = 255)]
    pub hostname: Option<String>,
    #[schema(max_length = 45)]
    pub local_ip: Option<String>,
    /// 1..65535, default 8080.
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 65535)]
    pub http_port: Option<LaxInt>,
    /// `false` clears the stored LAN address.
    #[schema(value_type = Option<bool>)]
    pub lan_streaming: Option<LaxBool>,
    pub cameras: Option<Vec<RegisterCameraBody>>,
    #[schema(max_length = 50)]
    pub video_codec: Option<String>,
    #[schema(max_length = 50)]
    pub audio_codec: Option<String>,
    /// `X.Y.Z` (suffixes ignored).
    #[schema(max_length = 50)]
    pub node_version: Option<String>,
}

/// One detected camera in a register body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterCameraBody {
    #[schema(max_length = 150)]
    pub camera_id: Option<String>,
    /// `/dev/video0`, a DirectShow name, an AVFoundation index...
    #[schema(max_length = 255)]
    pub device_path: Option<String>,
    #[schema(max_length = 100)]
    pub name: Option<String>,
    /// Default `usb`.
    #[schema(max_length = 20)]
    pub node_type: Option<String>,
    pub capabilities: Option<Vec<String>>,
    /// 1..7680 (unused).
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 7680)]
    pub width: Option<LaxInt>,
    /// 1..4320 (unused).
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 4320)]
    pub height: Option<LaxInt>,
}

impl Validate for RegisterBody {
    fn validate(&self) -> Result<(), FieldError> {
        required(&["node_id"], self.node_id.as_deref())?;
        max_chars(&["node_id"], self.node_id.as_deref(), 50)?;
        max_chars(&["name"], self.name.as_deref(), 100)?;
        max_chars(&["hostname"], self.hostname.as_deref(), 255)?;
        max_chars(&["local_ip"], self.local_ip.as_deref(), LOCAL_IP_MAX_CHARS)?;
        in_range(&["http_port"], self.http_port, 1, 65_535)?;
        for (index, camera) in self.cameras.iter().flatten().enumerate() {
            let at = |field: &str| [String::from("cameras"), index.to_string(), field.to_owned()];
            max_chars(&at("camera_id"), camera.camera_id.as_deref(), 150)?;
            max_chars(&at("device_path"), camera.device_path.as_deref(), 255)?;
            max_chars(&at("name"), camera.name.as_deref(), 100)?;
            max_chars(&at("node_type"), camera.node_type.as_deref(), 20)?;
            in_range(&at("width"), camera.width, 1, 7_680)?;
            in_range(&at("height"), camera.height, 1, 4_320)?;
        }
        max_chars(&["video_codec"], self.video_codec.as_deref(), 50)?;
        max_chars(&["audio_codec"], self.audio_codec.as_deref(), 50)?;
        max_chars(
            &["node_version"],
            self.node_version.as_deref(),
            NODE_VERSION_MAX_CHARS,
        )
    }
}

impl RegisterBody {
    pub fn into_request(self) -> RegisterRequest {
        RegisterRequest {
            node_id: NodeId::new(self.node_id.unwrap_or_default()),
            hostname: self.hostname,
            local_ip: self.local_ip,
            http_port: self
                .http_port
                .and_then(|port| i32::try_from(port.0).ok())
                .unwrap_or(DEFAULT_HTTP_PORT),
            lan_streaming: self.lan_streaming.map(|flag| flag.0),
            cameras: self
                .cameras
                .unwrap_or_default()
                .into_iter()
                .map(|camera| ReportedCamera {
                    camera_id: camera.camera_id,
                    device_path: camera.device_path,
                    name: camera.name,
                    node_type: camera.node_type,
                    capabilities: camera.capabilities.unwrap_or_default(),
                })
                .collect(),
            video_codec: self.video_codec,
            audio_codec: self.audio_codec,
            node_version: self.node_version,
        }
    }
}

/// `POST /api/nodes/heartbeat` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HeartbeatBody {
    /// Required.
    #[schema(value_type = String, max_length = 50)]
    pub node_id: Option<String>,
    #[schema(max_length = 45)]
    pub local_ip: Option<String>,
    #[schema(value_type = Option<bool>)]
    pub lan_streaming: Option<LaxBool>,
    /// Omitted by nodes with no mapped camera.
    pub cameras: Option<Vec<CameraStatusBody>>,
    #[schema(max_length = 50)]
    pub node_version: Option<String>,
    /// Omitted: the stored stats stay as they are.
    pub storage_stats: Option<StorageStatsBody>,
}

/// One camera's pipeline state in a heartbeat.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CameraStatusBody {
    /// Required.
    #[schema(value_type = String, max_length = 150)]
    pub camera_id: Option<String>,
    /// Required: `starting`, `streaming`, `restarting`, `failed`, `error`, ...
    #[schema(value_type = String, max_length = 20)]
    pub status: Option<String>,
    /// Kept only with `restarting`, `failed` or `error`.
    #[schema(max_length = 500)]
    pub last_error: Option<String>,
}

/// The node's storage stats, each a non-negative integer or null.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StorageStatsBody {
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub used_bytes: Option<LaxInt>,
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub max_bytes: Option<LaxInt>,
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub disk_free_bytes: Option<LaxInt>,
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub disk_total_bytes: Option<LaxInt>,
}

impl Validate for HeartbeatBody {
    fn validate(&self) -> Result<(), FieldError> {
        required(&["node_id"], self.node_id.as_deref())?;
        max_chars(&["node_id"], self.node_id.as_deref(), 50)?;
        max_chars(&["local_ip"], self.local_ip.as_deref(), LOCAL_IP_MAX_CHARS)?;
        for (index, camera) in self.cameras.iter().flatten().enumerate() {
            let at = |field: &str| [String::from("cameras"), index.to_string(), field.to_owned()];
            required(&at("camera_id"), camera.camera_id.as_deref())?;
            max_chars(&at("camera_id"), camera.camera_id.as_deref(), 150)?;
            required(&at("status"), camera.status.as_deref())?;
            max_chars(
                &at("status"),
                camera.status.as_deref(),
                CAMERA_STATUS_MAX_CHARS,
            )?;
            max_chars(&at("last_error"), camera.last_error.as_deref(), 500)?;
        }
        max_chars(
            &["node_version"],
            self.node_version.as_deref(),
            NODE_VERSION_MAX_CHARS,
        )?;
        if let Some(stats) = &self.storage_stats {
            for (field, value) in [
                ("used_bytes", stats.used_bytes),
                ("max_bytes", stats.max_bytes),
                ("disk_free_bytes", stats.disk_free_bytes),
                ("disk_total_bytes", stats.disk_total_bytes),
            ] {
                in_range(&["storage_stats", field], value, 0, i64::MAX)?;
            }
        }
        Ok(())
    }
}

impl HeartbeatBody {
    pub fn into_request(self) -> HeartbeatRequest {
        HeartbeatRequest {
            node_id: NodeId::new(self.node_id.unwrap_or_default()),
            local_ip: self.local_ip,
            lan_streaming: self.lan_streaming.map(|flag| flag.0),
            cameras: self
                .cameras
                .unwrap_or_default()
                .into_iter()
                .map(|camera| StatusReport {
                    camera_id: camera.camera_id.unwrap_or_default(),
                    status: camera.status.unwrap_or_default(),
                    last_error: camera.last_error,
                })
                .collect(),
            node_version: self.node_version,
            storage: self.storage_stats.map(|stats| StorageReport {
                used_bytes: stats.used_bytes.map(|n| n.0),
                max_bytes: stats.max_bytes.map(|n| n.0),
                disk_free_bytes: stats.disk_free_bytes.map(|n| n.0),
                disk_total_bytes: stats.disk_total_bytes.map(|n| n.0),
            }),
        }
    }
}

fn field_error<S: AsRef<str>>(loc: &[S], message: String) -> FieldError {
    FieldError {
        loc: loc.iter().map(|part| part.as_ref().to_owned()).collect(),
        message,
    }
}

fn required<S: AsRef<str>>(loc: &[S], value: Option<&str>) -> Result<(), FieldError> {
    match value {
        Some(_) => Ok(()),
        None => Err(field_error(loc, "Field required".to_owned())),
    }
}

fn max_chars<S: AsRef<str>>(loc: &[S], value: Option<&str>, max: usize) -> Result<(), FieldError> {
    match value {
        Some(text) if text.chars().count() > max => Err(field_error(
            loc,
            format!("String should have at most {max} characters"),
        )),
        _ => Ok(()),
    }
}

fn in_range<S: AsRef<str>>(
    loc: &[S],
    value: Option<LaxInt>,
    min: i64,
    max: i64,
) -> Result<(), FieldError> {
    match value.map(|n| n.0) {
        Some(n) if n < min => Err(field_error(
            loc,
            format!("Input should be greater than or equal to {min}"),
        )),
        Some(n) if n > max => Err(field_error(
            loc,
            format!("Input should be less than or equal to {max}"),
        )),
        _ => Ok(()),
    }
}

/// An integer read laxly: JSON integers, integral floats, booleans and numeric strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaxInt(pub i64);

impl<'de> Deserialize<'de> for LaxInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LaxIntVisitor)
    }
}

struct LaxIntVisitor;

const NOT_AN_INTEGER: &str = "Input should be a valid integer";

impl Visitor<'_> for LaxIntVisitor {
    type Value = LaxInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LaxInt, E> {
        Ok(LaxInt(i64::from(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LaxInt, E> {
        Ok(LaxInt(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LaxInt, E> {
        i64::try_from(v)
            .map(LaxInt)
            .map_err(|_| E::custom(NOT_AN_INTEGER))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LaxInt, E> {
        if v.fract() == 0.0 && v >= i64::MIN as f64 && v <= i64::MAX as f64 {
            Ok(LaxInt(v as i64))
        } else {
            Err(E::custom(NOT_AN_INTEGER))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LaxInt, E> {
        v.trim()
            .parse::<i64>()
            .map(LaxInt)
            .map_err(|_| E::custom(NOT_AN_INTEGER))
    }

    fn visit_unit<E: de::Error>(self) -> Result<LaxInt, E> {
        Err(E::custom(NOT_AN_INTEGER))
    }
}

/// A boolean read laxly: JSON booleans, 0/1, and `true/false/yes/no/on/off/t/f/y/n/1/0`
/// strings in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaxBool(pub bool);

impl<'de> Deserialize<'de> for LaxBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LaxBoolVisitor)
    }
}

struct LaxBoolVisitor;

const NOT_A_BOOLEAN: &str = "Input should be a valid boolean";

impl Visitor<'_> for LaxBoolVisitor {
    type Value = LaxBool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LaxBool, E> {
        Ok(LaxBool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LaxBool, E> {
        match v {
            0 => Ok(LaxBool(false)),
            1 => Ok(LaxBool(true)),
            _ => Err(E::custom(NOT_A_BOOLEAN)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LaxBool, E> {
        self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LaxBool, E> {
        if v == 0.0 {
            Ok(LaxBool(false))
        } else if v == 1.0 {
            Ok(LaxBool(true))
        } else {
            Err(E::custom(NOT_A_BOOLEAN))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LaxBool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "on" | "1" => Ok(LaxBool(true)),
            "false" | "f" | "no" | "n" | "off" | "0" => Ok(LaxBool(false)),
            _ => Err(E::custom(NOT_A_BOOLEAN)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<LaxBool, E> {
        Err(E::custom(NOT_A_BOOLEAN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::json::parse_body;

    #[test]
    fn the_real_register_body_parses() {
        let body: RegisterBody = parse_body(
            br#"{"node_id":"abcd1234","name":"Node-vm","node_version":"0.1.73",
                "cameras":[{"device_path":"/dev/video0","name":"USB Camera 0","width":1920,"height":1080,"capabilities":["streaming"]}],
                "video_codec":"avc1.64a01e","audio_codec":"mp4a.40.2","http_port":8080,"lan_streaming":false}"#,
        )
        .unwrap();
        let request = body.into_request();
        assert_eq!(request.node_id.as_str(), "abcd1234");
        assert_eq!(request.http_port, 8080);
        assert_eq!(request.lan_streaming, Some(false));
        assert_eq!(request.cameras[0].capabilities, vec!["streaming"]);
    }

    #[test]
    fn numbers_and_flags_are_coerced_laxly() {
        let body: RegisterBody =
            parse_body(br#"{"node_id":"n","http_port":"9090","lan_streaming":"yes"}"#).unwrap();
        let request = body.into_request();
        assert_eq!(request.http_port, 9090);
        assert_eq!(request.lan_streaming, Some(true));
        assert!(parse_body::<RegisterBody>(br#"{"node_id":"n","http_port":"x"}"#).is_err());
        assert!(parse_body::<RegisterBody>(br#"{"node_id":"n","lan_streaming":"maybe"}"#).is_err());
    }

    #[test]
    fn limits_are_enforced_with_the_field_named() {
        let Err(crate::ApiError::Validation { message, .. }) =
            parse_body::<RegisterBody>(br#"{"node_id":"n","http_port":0}"#)
        else {
            panic!("expected 422");
        };
        assert_eq!(
            message,
            "Input should be greater than or equal to 1 (http_port)"
        );
        let Err(crate::ApiError::Validation { message, .. }) =
            parse_body::<HeartbeatBody>(br#"{"node_id":"n","storage_stats":{"used_bytes":-1}}"#)
        else {
            panic!("expected 422");
        };
        assert_eq!(
            message,
            "Input should be greater than or equal to 0 (storage_stats.used_bytes)"
        );
        let Err(crate::ApiError::Validation { message, .. }) =
            parse_body::<HeartbeatBody>(br#"{"node_id":"n","cameras":[{"camera_id":"c"}]}"#)
        else {
            panic!("expected 422");
        };
        assert_eq!(message, "Field required (cameras.0.status)");
        let Err(crate::ApiError::Validation { message, .. }) =
            parse_body::<HeartbeatBody>(br#"{}"#)
        else {
            panic!("expected 422");
        };
        assert_eq!(message, "Field required (node_id)");
    }
}
