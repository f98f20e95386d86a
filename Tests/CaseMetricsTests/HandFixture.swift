import CaseTestSupport

/// The hand-computed fixture of CaseDomain's `FactsMetricCountsTests` (Tests/Shared/MetricsHandFixture.swift), loaded into
/// a real database through the case-log import and read back through the worker's projection.
typealias HandFixture = MetricsHandFixture
