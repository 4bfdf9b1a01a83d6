namespace Neptune.Evaluation;

/// <summary>
/// What answering one question cost in model calls. With <c>vlm</c> perception these are the requests really sent;
/// with <c>scene</c> and <c>pixels</c> perception each scored tuple and each query stands for one VLM request (there
/// is no cache), so that a saving in calls can be measured offline.
/// </summary>
/// <param name="VlmRequests">Requests sent to the vision model (score tuples and queries; cache hits excluded).</param>
/// <param name="ScoredTuples">Object tuples whose P(yes) was needed (from the model or the cache).</param>
/// <param name="CacheHits">Answers taken from the score cache or from an identical request in flight.</param>
/// <param name="SpeculativeCalls">Requests issued ahead of need that the run did not use (prefetch evaluation only: calls issued before the run that it never reached).</param>
/// <param name="RoundTrips">
/// Model round trips on the critical path: the requests of one call are sent together, so each call that needs r
/// requests costs one round trip (⌈r / max_pending_requests⌉ against a VLM); calls issued together (prefetch, one lazy
/// refinement step) share their round trips.
/// </param>
public readonly record struct PerceptionCalls(long VlmRequests, long ScoredTuples, long CacheHits, long SpeculativeCalls, long RoundTrips);
