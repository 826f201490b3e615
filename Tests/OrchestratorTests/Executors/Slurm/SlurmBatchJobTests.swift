import ArtifactStore
import Foundation
import Testing

@testable import Orchestrator

/// How an invocation becomes an `sbatch` command line, and how Slurm's answers are read.
@Suite("Slurm batch jobs")
struct SlurmBatchJobTests {
    func invocation(executor: ExecutorSpec, resources: ResourceSpec?) -> StepInvocation {
        StepInvocation(
            runID: "r", pipeline: "feature", step: "embed", attempt: 1, type: "embed", version: 1, parameters: [:],
            script: nil, inputs: [:], outputs: [], scratch: "/shared/runs/work/r/embed-1", projectDirectory: "/shared/p",
            checkpoints: nil, log: "/shared/runs/logs/r/embed.log", blobs: "/shared/runs/blobs", executor: executor,
            resources: resources, timeoutSeconds: nil)
    }

    @Test("partition, account and resources become sbatch options; the script runs step-exec on the invocation")
    func options() {
        let job = SlurmBatchJob(
            invocation: invocation(
                executor: ExecutorSpec(kind: .slurm, partition: "gpu", account: "ml"),
                resources: ResourceSpec(cpus: 8, memoryMegabytes: 32768, gpus: 2, timeSeconds: 93784.5)),
            binary: "/opt/orchestrate/bin/orchestrate")
        #expect(
            job.arguments == [
                "--parsable", "--job-name=orchestrate-feature-embed", "--output=/shared/runs/work/r/embed-1/slurm-%j.out",
                "--chdir=/shared/runs/work/r/embed-1", "--no-requeue", "--partition=gpu", "--account=ml", "--cpus-per-task=8",
                "--mem=32768M", "--gres=gpu:2", "--time=1-02:03:05", "/shared/runs/work/r/embed-1/job.sh",
            ])
        #expect(
            job.script
                == "#!/bin/sh\nexec '/opt/orchestrate/bin/orchestrate' step-exec '/shared/runs/work/r/embed-1/invocation.json'\n")
    }

    @Test("without partition, account or resources, the cluster's defaults apply")
    func defaults() {
        let job = SlurmBatchJob(invocation: invocation(executor: ExecutorSpec(kind: .slurm), resources: nil), binary: "/b")
        #expect(!job.arguments.contains { $0.hasPrefix("--partition") || $0.hasPrefix("--mem") || $0.hasPrefix("--gres") })
    }

    @Test("sbatch --parsable's answer is read with or without a cluster name")
    func jobID() {
        #expect(SlurmBatchJob.jobID("1234\n") == "1234")
        #expect(SlurmBatchJob.jobID("1234;cluster\n") == "1234")
        #expect(SlurmBatchJob.jobID("sbatch: error\n") == nil)
        #expect(SlurmBatchJob.jobID("") == nil)
    }

    @Test("states sort into waiting, ended, and lost to the cluster")
    func dispositions() {
        for name in ["PENDING", "RUNNING", "COMPLETING", "REQUEUED", "SUSPENDED"] {
            #expect(SlurmJobState(name: name).disposition == .waiting, "\(name)")
        }
        for name in ["COMPLETED", "FAILED", "CANCELLED", "CANCELLED by 0", "TIMEOUT", "OUT_OF_MEMORY"] {
            #expect(SlurmJobState(name: name).disposition == .ended, "\(name)")
        }
        for name in ["NODE_FAIL", "BOOT_FAIL", "PREEMPTED"] {
            #expect(SlurmJobState(name: name).disposition == .lost, "\(name)")
        }
        #expect(SlurmJobState(name: "PENDING", reason: "Resources").phrase == "PENDING (Resources)")
        #expect(SlurmJobState(name: "COMPLETED", reason: "None").phrase == "COMPLETED")
    }

    @Test("one squeue answer gives the states of every job asked about")
    func queueAnswer() {
        let states = SlurmQueue.parse("12|RUNNING|None\n13|PENDING|Priority\n\nbad line\n")
        #expect(
            states == [
                "12": SlurmJobState(name: "RUNNING", reason: "None"), "13": SlurmJobState(name: "PENDING", reason: "Priority"),
            ])
    }

    @Test("time is written as Slurm reads it, rounded up to whole seconds")
    func slurmTime() {
        #expect(SlurmBatchJob.slurmTime(59.2) == "00:01:00")
        #expect(SlurmBatchJob.slurmTime(7200) == "02:00:00")
        #expect(SlurmBatchJob.slurmTime(86400 * 3) == "3-00:00:00")
    }
}
