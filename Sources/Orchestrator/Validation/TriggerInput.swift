/// How steps read the artifact version that triggered their run: `inputs: { data: trigger.artifact }`.
public enum TriggerInput {
    public static let step = "trigger"
    public static let output = "artifact"
}
