Feature: orchestratord data plane
  Agents submit tasks over HTTP, follow each one as a Server-Sent Events stream,
  cancel what they no longer need, and get a typed answer whenever the daemon
  cannot take the work. These journeys run the real daemon from a config file,
  with real llama-server engines on generated tiny models, over HTTP only.

  @ORCHD-004 @ORCHD-011 @ORCHD-012 @ORCHD-014 @ORCHD-015
  Scenario: An admitted task streams started, numbered tokens and one end frame
    Given a completion task for model "tiny-bigram"
    When I submit the task
    Then the admission answer is 202 with a queue position and a predicted start
    When I read the task's stream
    Then the stream starts with a "started" frame
    And the token frames are numbered from 0 without gaps
    And the stream ends with exactly one "end" frame that counts every token
    And the tokens spell " quick brown fox jumps over a lazy dog."
    And the frame ids rise by one from 0

  @ORCHD-023 @ORCHD-024 @ORCHD-025 @OC-022
  Scenario: Cancelling a running task stops its tokens
    Given a long completion task for model "tiny-random"
    When I submit the task
    And I cancel the task once 2 tokens have streamed
    Then the cancel is answered 204
    And the stream ends with an "end" frame marked canceled
    And no token frame follows the end frame

  @ORCHD-023 @ORCHD-025 @ORCHD-026
  Scenario: Cancelling a queued task removes it before it runs
    Given a long task for model "tiny-random" is already running
    And a completion task for model "tiny-random"
    When I submit the task
    Then the admission answer is 202 with queue position 0
    When I cancel the task
    Then the cancel is answered 204
    And the task's stream holds no token frame and ends canceled

  @ORCHD-007 @OC-020
  Scenario: A full queue answers 429 with retry hints
    Given a long task for model "tiny-random" is already running
    And another task for model "tiny-random" is waiting in its queue
    When I submit a completion task for model "tiny-random"
    Then the answer is 429 with code "ADMISSION_REJECT" and policy "reject"
    And Retry-After and X-Backoff-Ms agree with retry_after_ms

  @ORCHD-027 @ORCHD-028
  Scenario: A session can be inspected and evicted
    Given a session that completed one task on model "tiny-bigram"
    When I inspect the session
    Then the session reports 1 turn and warm KV
    When I delete the session
    Then the delete is answered 204 without a correlation id
    And inspecting the session answers 404 with code "NOT_FOUND"

  @ORCHD-049 @ORCHD-001 @ORCHD-002 @ORCHD-006 @ORCHD-022 @OC-005 @OC-011
  Scenario Outline: Refusals use one typed error envelope
    When I send <request>
    Then the answer is <status> with code "<code>"

    Examples:
      | request                                       | status | code             |
      | a task for an unknown model                   | 503    | POOL_UNAVAILABLE |
      | a task with an unknown field                  | 400    | INVALID_PARAMS   |
      | a task whose prompt and max_tokens exceed ctx | 400    | INVALID_PARAMS   |
      | a stream request for an unknown task          | 404    | NOT_FOUND        |
      | a request without a token                     | 401    | INVALID_PARAMS   |
      | a request with a wrong token                  | 403    | INVALID_PARAMS   |

  @OC-009
  Scenario: Correlation ids are echoed or generated
    When I submit a task with correlation id "agent-7:run-42"
    Then the answer carries correlation id "agent-7:run-42"
    When I submit a task without a correlation id
    Then the answer carries a generated correlation id
