Feature: llorch on the developer box
  A developer drives the workstation with the `llorch` binary. Against a running
  orchestratord whose engines are real llama-server processes, a prompt streams
  the model's tokens to stdout as they come, Ctrl-C stops the task on the
  server, and every failure says what went wrong and what to do.

  Background:
    Given orchestratord is running with a real llama-server

  @CLI-004 @CLI-005 @CLI-013
  Scenario: Submitting a prompt streams the tiny model's sentence
    When I run `llorch submit "the"`
    Then llorch exits with status 0
    And stdout is exactly " quick brown fox jumps over a lazy dog."
    And stderr mentions "admitted task"
    And stderr mentions "done: 9 tokens"

  @CLI-014 @CLI-017
  Scenario: Ctrl-C in the middle of a stream cancels the task on the server
    When I start `llorch submit --model slow --max-tokens 200 "the"`
    And llorch has printed at least 3 tokens
    And I press Ctrl-C
    Then llorch exits with status 130
    And stderr mentions "canceling task"
    And stderr mentions "canceled after"
    And the server counts the task as canceled by the client

  @CLI-003 @CLI-001
  Scenario: status summarises readiness, pools, slots, queues, devices and each replica's supervision
    When I run `llorch status`
    Then llorch exits with status 0
    And stdout mentions "ready"
    And stdout mentions "tiny-bigram"
    And stdout mentions "cpu (fallback)"
    And stdout mentions "RESTARTS"
    And stdout mentions "BREAKER"
    And stdout mentions "tiny-bigram-0"

  @CLI-016 @CLI-017
  Scenario: A wrong token is refused with an actionable message
    When I run `llorch caps` with the token "not-the-token"
    Then llorch exits with status 4
    And stderr mentions "error AUTH"
    And stderr mentions "hint: the token does not match the server's"
