Feature: Artifacts
  Agents keep their plans, summaries, diffs and traces next to their work. The
  daemon stores each one under the sha256 of its canonical form, so the same
  document always has the same id, and keeps it on the workstation's disk.

  @ORCHD-036 @ORCHD-037
  Scenario: An artifact is uploaded, fetched by its content address, and survives a restart
    When I upload a "plan" artifact with content "1. drain beta\n2. reload beta" and tags "agent-7, sprint-3"
    Then the answer is 201 with an id that is the sha256 of the canonical document
    When I upload the same artifact again
    Then I get the same id and creation time
    When I upload a "diff" artifact derived from it
    Then its parent is the first artifact's id
    When the daemon restarts
    Then fetching each artifact by its id returns it unchanged

  @ORCHD-038
  Scenario: An artifact over the size limit is refused before it is stored
    When I upload a "trace" artifact of 70000 bytes
    Then the artifact is refused with 413 and code "INVALID_PARAMS"
