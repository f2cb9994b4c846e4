variable "resource_group_name" {
  description = "Resource group of the storage account."
  type        = string
}

variable "location" {
  description = "Azure region of the storage account."
  type        = string
}

variable "account_name" {
  description = "Globally unique storage account name: 3 to 24 lowercase letters and digits."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.account_name))
    error_message = "The account name must be 3 to 24 lowercase letters and digits."
  }
}

variable "replication_type" {
  description = "Replication of the account: LRS, ZRS, GRS or GZRS."
  type        = string
}

variable "public_network_access_enabled" {
  description = "Whether the account accepts traffic from public networks."
  type        = bool
}

variable "soft_delete_retention_days" {
  description = "Days that deleted blobs and deleted filesystems stay recoverable (1 to 365)."
  type        = number

  validation {
    condition     = var.soft_delete_retention_days >= 1 && var.soft_delete_retention_days <= 365
    error_message = "Soft delete retention must be between 1 and 365 days."
  }
}

variable "tags" {
  description = "Tags for the storage account."
  type        = map(string)
}
