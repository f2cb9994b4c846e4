provider "azurerm" {
  subscription_id = var.subscription_id
  tenant_id       = var.tenant_id

  # Shared keys are off on the account, so the filesystems are created with Entra ID tokens.
  storage_use_azuread = true

  features {}
}

# Authenticates like the Databricks CLI does (Azure CLI login, or ARM_* environment variables).
provider "databricks" {
  host = var.databricks_host
}

# Service principals and their federation policies live in the Databricks account, not in a
# workspace. Same login as above; it has to be a Databricks account admin.
provider "databricks" {
  alias      = "account"
  host       = "https://accounts.azuredatabricks.net"
  account_id = var.databricks_account_id
}
