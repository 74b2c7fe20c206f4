Feature: Config validation
  An operator describes the whole deployment in one YAML file. llama-orch reads it
  through the real loader and refuses a bad file before anything starts, saying
  where each problem is and what was expected, and never repeating a secret.

  @CFG-015 @CFG-010
  Scenario: A valid home profile for the reference workstation loads
    Given the config file "llorch.yaml":
      """
      pools:
        - id: coder-14b
          model: { ref: qwen2.5-coder-14b }
          devices: [0]
        - id: llama-3b
          model: { ref: llama-3.2-3b }
          devices: [0, 1]
          replicas: 2
      """
    When I load "llorch.yaml"
    Then the config loads
    And the server listens on "127.0.0.1:8080"
    And pool "coder-14b" runs 1 replica on devices "0"
    And pool "llama-3b" runs 2 replicas on devices "0,1"

  @CFG-002 @CFG-003
  Scenario: An unknown key is rejected, naming its path and the key that was meant
    Given the config file "llorch.yaml":
      """
      pools:
        - id: coder
          model:
            ref: m
          queue:
            capcity: 3
      """
    When I load "llorch.yaml"
    Then loading fails at "pools[0].queue.capcity" with "unknown key; did you mean capacity?"
    And the error points at line 6, column 7

  @CFG-003
  Scenario: A wrong type is rejected, naming the expected and the received type
    Given the config file "llorch.yaml":
      """
      pools:
        - id: coder
          model: { ref: m }
          replicas: two
      """
    When I load "llorch.yaml"
    Then loading fails at "pools[0].replicas" with "wrong type"
    And the issue at "pools[0].replicas" expects "integer" and got "string"

  @CFG-005
  Scenario: A token written into the config file is refused and not repeated
    Given the config file "llorch.yaml":
      """
      server:
        token: s3cr3t-token-value
      pools:
        - id: coder
          model: { ref: m }
      """
    When I load "llorch.yaml"
    Then loading fails at "server.token" with "LLORCH_API_TOKEN"
    And the error message does not contain "s3cr3t-token-value"

  @CFG-005
  Scenario: With no token in the environment and no token file, no token is available
    Given the config file "llorch.yaml":
      """
      server:
        token_file: api-token
      pools:
        - id: coder
          model: { ref: m }
      """
    And the environment has no API token
    When I load "llorch.yaml"
    And I resolve the API token
    Then no API token is available

  @CFG-005
  Scenario: The environment token wins over the token file
    Given the config file "llorch.yaml":
      """
      server:
        token_file: api-token
      pools:
        - id: coder
          model: { ref: m }
      """
    And a token file "api-token" containing "token-from-file"
    And the environment sets the API token to "token-from-env"
    When I load "llorch.yaml"
    And I resolve the API token
    Then the API token is "token-from-env" from the env

  @CFG-005
  Scenario: The token file is used when the environment has none
    Given the config file "llorch.yaml":
      """
      server:
        token_file: api-token
      pools:
        - id: coder
          model: { ref: m }
      """
    And a token file "api-token" containing "token-from-file"
    And the environment has no API token
    When I load "llorch.yaml"
    And I resolve the API token
    Then the API token is "token-from-file" from the file

  @CFG-006
  Scenario: CPU inference needs an explicit development opt-in
    Given the config file "llorch.yaml":
      """
      pools:
        - id: tiny
          model: { ref: tiny-bigram, generate: { kind: bigram, seed: 42 } }
          devices: cpu
      """
    When I load "llorch.yaml"
    Then loading fails at "pools[0].devices" with "set allow_cpu_fallback: true"

  @CFG-013
  Scenario: A TOML config is refused with a pointer to YAML
    Given the config file "llorch.toml":
      """
      [server]
      port = 8080
      """
    When I load "llorch.toml"
    Then loading fails saying "TOML configs are not supported"

  @CFG-015
  Scenario: The shipped reference workstation example validates
    When I load the example "home-3090-3060.yaml"
    Then the config loads
    And pool "llama-3b" runs 2 replicas on devices "0,1"

  @CFG-015 @CFG-006
  Scenario: The shipped CPU development example validates and is labelled as a fallback
    When I load the example "cpu-dev.yaml"
    Then the config loads
    And every pool is a labelled CPU fallback
