output "id" {
  description = "Resource id of the identity, to attach to the compute that runs the producer."
  value       = azurerm_user_assigned_identity.producer.id
}

output "client_id" {
  description = "Client id of the identity: the producer's --identity-client-id."
  value       = azurerm_user_assigned_identity.producer.client_id
}

output "principal_id" {
  description = "Object id of the identity's service principal."
  value       = azurerm_user_assigned_identity.producer.principal_id
}
