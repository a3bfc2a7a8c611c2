//! Probes of the machine itself, for the health report.

use sentinel_ports::driven::health::{DiskProbe, DiskUsage, ProbeFailure};
use std::path::PathBuf;

/// Usage of the volume holding the data: `/data` when it exists (the production volume),
/// otherwise the working directory.
#[derive(Debug, Clone)]
pub struct DataVolumeProbe {
    path: PathBuf,
}

impl DataVolumeProbe {
    pub fn detect() -> Self {
        let data = PathBuf::from("/data");
        let path = if data.is_dir() {
            data
        } else {
            PathBuf::from(".")
        };
        Self { path }
    }
}

impl DiskProbe for DataVolumeProbe {
    fn usage(&self) -> Result<DiskUsage, (String, ProbeFailure)> {
        let path = self.path.display().to_string();
        let failure = |error: std::io::Error| (path.clone(), ProbeFailure::new(io_class(&error)));
        let total = fs4::total_space(&self.path).map_err(failure)?;
        let free = fs4::available_space(&self.path).map_err(failure)?;
        Ok(DiskUsage {
            path: path.clone(),
            bytes_used: total.saturating_sub(free),
            bytes_free: free,
            bytes_total: total,
        })
    }
}

fn io_class(error: &std::io::Error) -> String {
    format!("{:?}", error.kind())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_working_volume() {
        let usage = DataVolumeProbe::detect().usage().unwrap();
        assert!(usage.bytes_total > 0);
        assert_eq!(usage.bytes_used + usage.bytes_free, usage.bytes_total);
    }
}
