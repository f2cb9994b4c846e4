# Bad on purpose: an open lower bound, no version at all in a root module, and "latest".
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.0"
    }
    azuread = {
      source = "hashicorp/azuread"
    }
    databricks = {
      source  = "databricks/databricks"
      version = "latest"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
