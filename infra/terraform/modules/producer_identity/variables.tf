variable "name" {
  description = "Name of the producer's user-assigned managed identity."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the identity."
  type        = string
}

variable "location" {
  description = "Azure region of the identity."
  type        = string
}

variable "storage_account_id" {
  description = "Resource id of the storage account that holds the landing filesystem."
  type        = string
}

variable "landing_filesystem_name" {
  description = "Name of the landing filesystem, the only place the producer may write."
  type        = string
}

variable "tags" {
  description = "Tags for the identity."
  type        = map(string)
}
