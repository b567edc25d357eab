// Activity and meter listeners see the whole process: tests here run one at a time so each sees only its own telemetry.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
