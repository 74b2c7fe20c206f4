Feature: Capability discovery
  Agents size their own concurrency from what the workstation can serve right
  now: per engine version, the slots its Ready engines report, their context
  limit and the models they serve. When a pool is drained its engines stop and
  it leaves the capabilities; when it is reloaded it comes back on the new
  engine version. Replica sets show the operator each pool's load and latency.

  @ORCHD-039 @ORCHD-040 @ORCHD-042 @ORCHD-043 @OC-017 @HOME-018
  Scenario: Capabilities follow a pool drain and reload
    Then the capabilities report the api_version of the control contract
    And llamacpp "sim-1" declares 3 slots served by pools "alpha, beta"
    When pool "beta" is drained
    Then llamacpp "sim-1" declares 2 slots served by pool "alpha"
    When the engine of pool "beta" is upgraded to llamacpp "sim-2" and the pool is reloaded
    Then the reload outcome is "swapped"
    And llamacpp "sim-2" declares 1 slot served by pool "beta"
    And llamacpp "sim-1" declares 2 slots served by pool "alpha"

  @ORCHD-041
  Scenario: Replica sets show slots, queue and latency percentiles
    When 3 completion tasks for pool "alpha" have finished
    Then the replica set of pool "alpha" reports 2 of 2 slots free, an idle queue and latency percentiles
