# Bad on purpose: flat blob namespace, and a namespace setting left to a variable.
resource "azurerm_storage_account" "flat" {
  name                      = "flat"
  is_hns_enabled            = false
  min_tls_version           = "TLS1_2"
  shared_access_key_enabled = false
}

resource "azurerm_storage_account" "unset" {
  name                      = "unset"
  min_tls_version           = "TLS1_2"
  shared_access_key_enabled = false
}

resource "azurerm_storage_account" "variable" {
  name                      = "variable"
  is_hns_enabled            = var.hns
  min_tls_version           = "TLS1_2"
  shared_access_key_enabled = false
}
