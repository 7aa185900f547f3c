"""The project library (项目库): proposals, life cycle, records, annual plan, notices, import."""
