provider "azurerm" {
  subscription_id = var.subscription_id
  tenant_id       = var.tenant_id

  # Shared keys are off on the account, so the filesystems are created with Entra ID tokens.
  storage_use_azuread = true

  features {}
}

provider "azuread" {
  tenant_id = var.tenant_id
}

# Authenticates like the Databricks CLI does (Azure CLI login, or ARM_* environment variables).
provider "databricks" {
  host = var.databricks_host
}
