# Bad on purpose: subscription, resource group and whole-account scopes.
data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "subscription" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.producer.principal_id
}

resource "azurerm_role_assignment" "resource_group" {
  scope                = azurerm_resource_group.this.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.producer.principal_id
}

resource "azurerm_role_assignment" "account" {
  scope                = "${var.storage_account_id}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.producer.principal_id
}

resource "azurerm_role_assignment" "filesystem" {
  scope                = "${var.storage_account_id}/blobServices/default/containers/landing"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.producer.principal_id
}
