variable "display_name" {
  description = "Display name of the deploy service principal in the Databricks account."
  type        = string
}

variable "databricks_workspace_id" {
  description = "Numeric id of the workspace the deploy service principal is assigned to."
  type        = string
}

variable "token_audience" {
  description = "The aud claim the federation policy accepts; deploy.yml requests the same value as DATABRICKS_TOKEN_AUDIENCE."
  type        = string

  validation {
    condition     = length(trimspace(var.token_audience)) > 0
    error_message = "The token audience must not be empty."
  }
}

variable "github_repository" {
  description = "GitHub repository allowed to deploy, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "The repository must be owner/name, without wildcards."
  }
}

variable "github_environment" {
  description = "GitHub Actions environment whose jobs may exchange their OIDC token for this service principal."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.github_environment))
    error_message = "The environment must be a plain name, without wildcards."
  }
}

variable "pepper_secret_scope" {
  description = "Secret scope the pipeline job reads the PII pepper from."
  type        = string
}
