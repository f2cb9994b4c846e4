variable "display_name" {
  description = "Display name of the deploy application, its service principal and its workspace service principal."
  type        = string
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
  description = "GitHub Actions environment whose jobs may exchange their OIDC token for this identity."
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
