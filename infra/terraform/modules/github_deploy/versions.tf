terraform {
  required_providers {
    azuread = {
      source = "hashicorp/azuread"
    }
    databricks = {
      source = "databricks/databricks"
    }
  }
}
