"""wave"""
