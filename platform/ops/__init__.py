"""Operations: health and readiness probes, Prometheus metrics, JSON logs with a request id,
the client address and scheme taken from a trusted proxy, and the worker's heartbeat.

Like `realtime`, this capability knows no domain app; the other capabilities (realtime, mail)
report into its metrics.
"""
