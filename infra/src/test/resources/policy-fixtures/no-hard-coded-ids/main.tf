# Bad on purpose: ids written in. Tenant 12345678-aaaa-bbbb-cccc-1234567890ab
provider "azurerm" {
  subscription_id = "abcdef01-2345-6789-abcd-ef0123456789"
  tenant_id       = "contoso"
  features {}
}

provider "databricks" {
  alias      = "account"
  host       = "https://accounts.azuredatabricks.net"
  account_id = "contoso"
}

resource "azurerm_role_assignment" "literal_principal" {
  scope                = "${var.storage_account_id}/blobServices/default/containers/landing"
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = "producer"
}
