# Bad on purpose: TLS 1.0, TLS 1.1 and an unset minimum.
resource "azurerm_storage_account" "tls10" {
  name                      = "tls10"
  is_hns_enabled            = true
  min_tls_version           = "TLS1_0"
  shared_access_key_enabled = false
}

resource "azurerm_storage_account" "tls11" {
  name                      = "tls11"
  is_hns_enabled            = true
  min_tls_version           = "TLS1_1"
  shared_access_key_enabled = false
}

resource "azurerm_storage_account" "unset" {
  name                      = "unset"
  is_hns_enabled            = true
  shared_access_key_enabled = false
}
