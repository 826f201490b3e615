import ArtifactStore
import Orchestrator

/// A run's training curves as `runs plot` writes them: a CSV table (step, update, value) or a line chart.
enum TrainingCurveFiles {
    static func csv(_ curves: [MetricSeries], metric: String) -> String {
        CSVWriter.text(
            header: ["step", "update", metric],
            rows: curves.flatMap { curve in
                curve.points.map { [curve.step, MetricText.format($0.update), MetricText.format($0.value)] }
            })
    }

    static func chart(_ curves: [MetricSeries], metric: String, run: RunRecord) -> LineChart {
        LineChart(
            title: "\(metric) by update",
            subtitle: "run \(Identifier.short(run.id)) of \(run.pipeline), \(Timestamp.local(run.createdAt))",
            xLabel: "update", yLabel: metric,
            series: curves.map { curve in
                LineChart.Series(name: curve.step, points: curve.points.map { (x: $0.update, y: $0.value) })
            },
            integerX: true)
    }
}
