"""subject"""
