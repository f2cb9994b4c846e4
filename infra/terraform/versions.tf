terraform {
  required_version = ">= 1.6.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.14"
    }
    # 1.90 or newer: databricks_service_principal_federation_policy takes oidc_policy as an attribute.
    databricks = {
      source  = "databricks/databricks"
      version = "~> 1.90"
    }
  }
}
