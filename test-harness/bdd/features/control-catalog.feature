Feature: Model catalog
  The operator registers the models the workstation may serve, checks each one
  against its digest and provenance, and retires it when it is replaced. The
  catalog lives on the workstation's disk, and a retired model is refused
  before any of its tasks reaches a queue. These journeys run the real daemon
  from a config file, with engine simulators as its engines, over HTTP only.

  @ORCHD-031 @ORCHD-032 @ORCHD-033 @ORCHD-034 @ORCHD-002 @ORCHD-035
  Scenario: A model is registered, verified with a warning, retired, and then refused at admission
    Given the model file "catalog-demo.gguf" is in the daemon's models folder
    When I register model "catalog-demo" for that file under the "permissive" trust policy
    Then the catalog answers 201 with model "catalog-demo" in state "Draft"
    When I verify model "catalog-demo"
    Then the verification result is "warn" with the warnings "no signature" and "no SBOM"
    When I move model "catalog-demo" to "Active"
    Then a completion task for model "catalog-demo" is admitted
    When I move model "catalog-demo" to "Retired"
    Then a completion task for model "catalog-demo" is refused with 400 "MODEL_DEPRECATED"
    When the daemon restarts
    Then model "catalog-demo" is still "Retired" with its last verification "warn"
    And a completion task for model "catalog-demo" is refused with 400 "MODEL_DEPRECATED"

  @ORCHD-033 @ORCHD-034
  Scenario: Under the strict trust policy an unsigned model fails verification and cannot be activated
    Given the model file "strict-demo.gguf" is in the daemon's models folder
    When I register model "strict-demo" for that file under the "strict" trust policy
    And I verify model "strict-demo"
    Then the verification result is "fail" with code "UNTRUSTED_ARTIFACT"
    And moving model "strict-demo" to "Active" is refused with 400 "UNTRUSTED_ARTIFACT"
