import Foundation

/// The folder that relative paths in a pipeline (scripts, data) are read from: the folder that
/// holds `pipelines/` when the file lives in one, else the file's own folder. So
/// `orchestrate run ~/twin/pipelines/feature.yaml` works from anywhere.
public enum ProjectDirectory {
    public static func of(pipelineFile path: String) -> URL {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        return folder.lastPathComponent == "pipelines" ? folder.deletingLastPathComponent() : folder
    }
}
